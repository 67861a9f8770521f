package export

// blockContract is the contract between the generator (the Go code of this
// package) and each target's template file: every block the generator may
// ask a template for, one entry a line, grouped by the step that asks.
//
//	name          every template defines it
//	name?         a template may leave it out: the generator then leaves
//	              that part out (a list item, a step), or joins a list
//	              without a separator
//	name @beam    the named targets' templates define it (and only they)
//	a | b | c     every template defines at least one of them: the first it
//	              has is used (a rule is a whole block or a test)
//
// A name may hold one choice of a set, {x,y,z}: the entry stands for one
// entry per choice, the same choice wherever the set appears in the line.
//
// Two tests hold it (blocks_test.go): each template defines every block the
// contract needs of it and none beyond the contract (a misspelt optional
// block would otherwise be skipped in silence), and the generator, over
// every setup the tests know, asks for no block outside the contract and
// for every block in it. Both run in milliseconds, without running any
// exported program.
const blockContract = `
# Every program: its head, its value helpers (values.py, values.go, the
# DuckDB macros) and, for Beam, the go.mod beside main.go.
head
helpers
gomod @beam

# Extract: the input read with every column typed, as the engine reads it
# (ETL and Your data).
extract
extract:file
extract_values?
raw_col?
raw_col_sep?
line_break?
line_break_sep?
typed:{int,decimal,bool,timestamp}
typed:text?
typed_sep
parsed:{text,timestamp}?
parsed_sep?
date_ms:{text,timestamp}
rej_col?
rej_col_sep?

# Your data read in its own dialect: number styles, null cells, the
# columns' type checks, the fields of a raw record.
number_style?
number_style_sep?
rej_col:file?
null_col?
null_col_sep?
type_check:{text,int,decimal,bool,timestamp}?
type_check_sep?
csv_field?
csv_field_sep?

# The quality gate: each rule a whole block, or a test on one value that
# rule_row wraps with the reason a failing row gets.
quality
rule:{not_null,unique,in,between,compare,matches,length_cmp,length_between,is_number_text,is_integer_text,is_integer_decimal,always,is_date,not_in_future_ts,not_in_future_text,row_count,freshness_ts,freshness_text,duplicate_count} | pass:{not_null,unique,in,between,compare,matches,length_cmp,length_between,is_number_text,is_integer_text,is_integer_decimal,always,is_date,not_in_future_ts,not_in_future_text,row_count,freshness_ts,freshness_text,duplicate_count}
test:{cmp,between}
what_future
freshness_observed?
rule_row
reason
reason:{accepted_values,not_accepted_values,in,between,compare,matches,length,length_cmp,length_between,is_number,is_number_text,is_integer,is_integer_text,is_integer_decimal,always,is_date,not_in_future,not_in_future_ts,not_in_future_text}?
get?
get:{text,int,decimal,bool,timestamp}?
got?
got:{text,int,decimal,bool,timestamp}?

# Split, clean and transform: each output column of the clean table.
split
split:file?
clean
clean:file?
transform?
out:keep?
out:{text,money,revenue,revenue_styled,file,year,quarter,month,day_of_week,is_weekend}
out:timestamp_text
out:dates?
out_sep
text:{none,trim,lower,upper,title,trim_lower,trim_upper,trim_title}
data_null:{keep,empty,trim}
data_value:{keep,trim,text,money,money_styled,decimal_point,timestamp_text,timestamp_timestamp}

# Your data's aggregate.
aggregate:{count,measure}
aggregate:none?
agg_values:{column,product}
aggregate_main?

# Load: the clean, rejected and quality files (and the aggregate).
load
load:file
load:file_converted?
load_aggregate?
load_aggregate:converted?

# The other patterns' programs.
batch
stream
stream_now
stream_level?
stream_level_sep?
stream_step?
stream_step_sep?
time
`
