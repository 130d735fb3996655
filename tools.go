//go:build tools

// Package tools pins the modules that the project uses before every package imports them.
package tools

import (
	_ "github.com/blevesearch/bleve/v2"
	_ "github.com/chromedp/chromedp"
	_ "github.com/ikawaha/kagome-dict/ipa"
	_ "github.com/ikawaha/kagome/v2/tokenizer"
	_ "github.com/labstack/echo/v4"
	_ "github.com/schollz/progressbar/v3"
	_ "github.com/spf13/cobra"
	_ "github.com/spf13/viper"
	_ "go.yaml.in/yaml/v3"
)
