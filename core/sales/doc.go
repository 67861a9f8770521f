// Package sales generates the playground's data: a seeded table of shop
// orders (ids, times, customers, products in five categories, four
// regions, prices, quantities, discounts) with data-quality problems
// injected at exact rates — null prices, bad quantities, duplicate
// orders, messy text, dates in other formats or not dates at all, price
// outliers — and a list of which rows got which fault.
//
// [Generate] is deterministic: the same [Config] gives the same table,
// byte for byte, on every platform (WebAssembly included), so a link's
// seed reproduces a learner's run. The patterns in package core read
// their source from it; its columns are named by the Col constants.
package sales
