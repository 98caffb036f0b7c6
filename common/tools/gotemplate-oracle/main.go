// Renders every template of a cases file (separated by "\n=====\n") against a Talos machine config the way
// talhelper does (text/template + sprig over RawV1Alpha1()), printing outputs or "ERROR <message>" in the same form.
package main

import (
	"fmt"
	"os"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"
	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
)

func main() {
	cfgBytes, _ := os.ReadFile(os.Args[1])
	cfg, err := configloader.NewFromBytes(cfgBytes)
	if err != nil {
		panic(err)
	}
	cases, _ := os.ReadFile(os.Args[2])
	for _, c := range strings.Split(string(cases), "\n=====\n") {
		t, err := template.New("template").Funcs(sprig.FuncMap()).Parse(c)
		var out string
		if err != nil {
			out = "ERROR " + err.Error()
		} else {
			var b strings.Builder
			if err := t.Execute(&b, cfg.RawV1Alpha1()); err != nil {
				out = "ERROR " + err.Error()
			} else {
				out = b.String()
			}
		}
		fmt.Print(out + "\n=====\n")
	}
}
