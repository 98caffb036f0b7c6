// Command talos-oracle runs Talos machinery (configpatcher, configloader, validation) for tailtalos's
// differential tests: it applies patches, validates configs, describes the config document types, and
// generates the (config, patch) case corpus with machinery's own results.
package main

import (
	"encoding/json"
	"fmt"
	"os"
)

func main() {
	if len(os.Args) < 2 {
		usage()
	}
	var err error
	switch os.Args[1] {
	case "patch":
		err = runPatch(os.Args[2:])
	case "validate":
		err = runValidate(os.Args[2:])
	case "types":
		err = runTypes(os.Args[2:])
	case "cases":
		err = runCases(os.Args[2:])
	default:
		usage()
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "talos-oracle:", err)
		os.Exit(1)
	}
}

func usage() {
	fmt.Fprintln(os.Stderr, `usage:
  talos-oracle patch CONFIG PATCH...        apply patches (files) with configpatcher.LoadPatches + Apply
  talos-oracle validate FILE...             configloader + Validate (metal mode), JSON verdicts on stdout
  talos-oracle types SCHEMA_JSON            the config document types (merge/zero/delete model) as JSON
  talos-oracle cases CASES_IN OUT_JSON      apply every case of CASES_IN, write inputs + machinery results`)
	os.Exit(2)
}

func writeJSON(path string, value any) error {
	data, err := json.MarshalIndent(value, "", "  ")
	if err != nil {
		return err
	}
	data = append(data, '\n')
	if path == "-" {
		_, err = os.Stdout.Write(data)
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
