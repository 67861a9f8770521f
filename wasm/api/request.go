package api

// Requests: typed values out of a request object.

import (
	"fmt"
	"math"
	"sort"
)

// reader takes typed values out of a request object, remembering the first
// problem.
type reader struct {
	m    map[string]any
	err  error
	used map[string]bool
}

func (r *reader) get(key string) (any, bool) {
	if r.used == nil {
		r.used = map[string]bool{}
	}
	r.used[key] = true
	v, ok := r.m[key]
	return v, ok && v != nil
}

func (r *reader) fail(err error) {
	if r.err == nil {
		r.err = err
	}
}

func (r *reader) str(key, def string) string {
	v, ok := r.get(key)
	if !ok {
		return def
	}
	s, isStr := v.(string)
	if !isStr {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be text", key), Field: key})
	}
	return s
}

func (r *reader) num(key string, def float64) float64 {
	v, ok := r.get(key)
	if !ok {
		return def
	}
	switch x := v.(type) {
	case float64:
		return x
	case int:
		return float64(x)
	case int64:
		return float64(x)
	}
	r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be a number", key), Field: key})
	return def
}

func (r *reader) int(key string, def int64) int64 {
	f := r.num(key, float64(def))
	if f != math.Trunc(f) || math.Abs(f) > 1<<53 {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be a whole number, got %v", key, f), Field: key})
		return def
	}
	return int64(f)
}

func (r *reader) boolean(key string, def bool) bool {
	v, ok := r.get(key)
	if !ok {
		return def
	}
	b, isBool := v.(bool)
	if !isBool {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be true or false", key), Field: key})
	}
	return b
}

func (r *reader) bytes(key string) []byte {
	v, ok := r.get(key)
	if !ok {
		return nil
	}
	b, isBytes := v.([]byte)
	if !isBytes {
		r.fail(reqErr(key, "%s must be the bytes of a file", key))
	}
	return b
}

func (r *reader) strs(key string) []string {
	v, ok := r.get(key)
	if !ok {
		return nil
	}
	list, isList := v.([]any)
	out := make([]string, 0, len(list))
	for _, x := range list {
		s, isStr := x.(string)
		if !isStr {
			isList = false
			break
		}
		out = append(out, s)
	}
	if !isList {
		r.fail(&Error{Code: "config", Message: fmt.Sprintf("%s must be a list of column names", key), Field: key})
	}
	return out
}

func (r *reader) obj(key string) map[string]any {
	v, ok := r.get(key)
	if !ok {
		return nil
	}
	m, isMap := v.(map[string]any)
	if !isMap {
		r.fail(reqErr(key, "%s must be an object", key))
	}
	return m
}

// done reports the first problem, or the first setting nobody asked for.
func (r *reader) done() error {
	if r.err != nil {
		return r.err
	}
	keys := make([]string, 0, len(r.m))
	for k := range r.m {
		keys = append(keys, k)
	}
	sort.Sort(sort.StringSlice(keys))
	for _, k := range keys {
		if !r.used[k] {
			return &Error{Code: "config", Message: fmt.Sprintf("unknown setting %q", k), Field: k}
		}
	}
	return nil
}

// list converts a slice to []any, the only list the JavaScript bridge takes.
func list[T any](xs []T) []any {
	out := make([]any, len(xs))
	for i, x := range xs {
		out[i] = x
	}
	return out
}

// valid passes on a config read from settings, or the first problem with
// it: the read's, else the config's own Validate.
func valid[C interface{ Validate() error }](cfg C, err error) (C, error) {
	if err == nil {
		err = cfg.Validate()
	}
	return cfg, err
}
