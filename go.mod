module github.com/ingestkit/playground

go 1.26

require github.com/stretchr/testify v1.12.1

require (
	github.com/hack-pad/safejs v0.1.0 // indirect
	go.yaml.in/yaml/v3 v3.0.5 // indirect
)
