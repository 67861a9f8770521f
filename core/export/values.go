package export

import "strings"

// The helpers that carry the playground's meaning of values (date formats,
// number rules, rounding, text case) are a file of their own beside the
// pandas and Beam programs — values.py beside pipeline.py, values.go beside
// main.go — so that the program reads top down, as Beam's wordcount does:
// its header, its steps, its main. DuckDB's macros stay before the SQL that
// calls them, in the one script (a script runs in order).
var helperFile = map[Target]string{Pandas: "values.py", Beam: "values.go"}

// pandasImport takes the helpers in, where they stood in the program.
const pandasImport = "from values import *  # the playground's meaning of values: values.py, beside this file\n"

// splitHelpers moves the helpers of program (b.Helpers) into their own
// file, which it returns, and the program without them. For Go, each file
// imports the packages it uses, of those the program's head imported.
func splitHelpers(b *Bundle, program string) (string, *File) {
	name := helperFile[b.Target]
	a, z := b.Helpers[0], b.Helpers[1]
	if name == "" || z <= a {
		return program, nil
	}
	helpers := program[a:z]
	b.Helpers, b.HelperFile = [2]int{}, name
	switch b.Target {
	case Pandas:
		return program[:a] + pandasImport + program[z:], &File{name, []byte(
			"# -*- coding: utf-8 -*-\n# values.py: imported by pipeline.py (exported from the ingestion playground).\n" + helpers)}
	default:
		head, rest := program[:a], program[z:]
		imports := goImportLines(head)
		main := replaceImports(head, keepUsed(imports, head+rest, true)) + rest
		values := "// values.go: part of the program in main.go (exported from the ingestion playground).\n\npackage main\n\n" +
			strings.TrimPrefix(importBlock(keepUsed(imports, helpers, false)), "\n") + helpers
		return main, &File{name, []byte(values)}
	}
}

// goImportLines returns the lines of the first import ( … ) block of src,
// blank lines (between groups) included.
func goImportLines(src string) []string {
	i := strings.Index(src, "\nimport (\n")
	if i < 0 {
		return nil
	}
	body := src[i+len("\nimport (\n"):]
	j := strings.Index(body, "\n)\n")
	if j < 0 {
		return nil
	}
	return strings.Split(body[:j], "\n")
}

// replaceImports writes lines as src's import block.
func replaceImports(src string, lines []string) string {
	i := strings.Index(src, "\nimport (\n")
	if i < 0 {
		return src
	}
	j := strings.Index(src[i+1:], "\n)\n") + i + 1
	return src[:i] + importBlock(lines) + src[j+len("\n)\n"):]
}

// importBlock writes an import block of lines ("\nimport (\n…\n)\n").
func importBlock(lines []string) string {
	return "\nimport (\n" + strings.Join(lines, "\n") + "\n)\n"
}

// keepUsed returns the import lines whose package src uses (name. outside
// comments and literals), a group's blank line kept between groups that
// keep a line; blank imports (_ "…") go with the program (blank true).
func keepUsed(lines []string, src string, blank bool) []string {
	used := goSelectors(src)
	var out []string
	gap := false
	for _, l := range lines {
		t := strings.TrimSpace(l)
		if t == "" {
			gap = len(out) > 0
			continue
		}
		name, path, _ := strings.Cut(t, " ")
		if path == "" {
			path = name
			name = path[strings.LastIndexByte(path, '/')+1:]
			name = strings.Trim(name, `"`)
		}
		if name == "_" && !blank || name != "_" && !used[name] {
			continue
		}
		if gap {
			out = append(out, "")
			gap = false
		}
		out = append(out, l)
	}
	return out
}

// goSelectors returns the names that Go source src writes before a dot
// (pkg.Name), outside comments, strings and runes.
func goSelectors(src string) map[string]bool {
	used := map[string]bool{}
	ident := func(c byte) bool {
		return c == '_' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
	}
	for i := 0; i < len(src); {
		c := src[i]
		switch {
		case strings.HasPrefix(src[i:], "//"):
			if j := strings.IndexByte(src[i:], '\n'); j >= 0 {
				i += j
			} else {
				i = len(src)
			}
		case strings.HasPrefix(src[i:], "/*"):
			if j := strings.Index(src[i+2:], "*/"); j >= 0 {
				i += j + 4
			} else {
				i = len(src)
			}
		case c == '`':
			if j := strings.IndexByte(src[i+1:], '`'); j >= 0 {
				i += j + 2
			} else {
				i = len(src)
			}
		case c == '"' || c == '\'':
			i++
			for i < len(src) && src[i] != c && src[i] != '\n' {
				if src[i] == '\\' {
					i++
				}
				i++
			}
			i++
		case ident(c) && (i == 0 || !ident(src[i-1]) && src[i-1] != '.'):
			j := i
			for j < len(src) && ident(src[j]) {
				j++
			}
			if j < len(src) && src[j] == '.' {
				used[src[i:j]] = true
			}
			i = j
		default:
			i++
		}
	}
	return used
}
