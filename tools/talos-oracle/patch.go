package main

import (
	"encoding/json"
	"fmt"
	"os"

	"github.com/siderolabs/talos/pkg/machinery/config/configpatcher"
)

func runPatch(args []string) error {
	if len(args) < 2 {
		return fmt.Errorf("patch needs a config file and at least one patch file")
	}
	config, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var patches []string
	for _, file := range args[1:] {
		patches = append(patches, "@"+file)
	}
	out, err := applyPatches(config, patches)
	if err != nil {
		return err
	}
	_, err = os.Stdout.Write(out)
	return err
}

// applyPatches is what talhelper and talosctl do: LoadPatches, then Apply to the config bytes.
func applyPatches(config []byte, patches []string) ([]byte, error) {
	loaded, err := configpatcher.LoadPatches(patches)
	if err != nil {
		return nil, err
	}
	out, err := configpatcher.Apply(configpatcher.WithBytes(config), loaded)
	if err != nil {
		return nil, err
	}
	return out.Bytes()
}

// Case is one differential case: a config, patches (inline texts, applied in order) and machinery's verdict.
type Case struct {
	Name     string   `json:"name"`
	Config   string   `json:"config"`
	Patches  []string `json:"patches"`
	Expected string   `json:"expected,omitempty"`
	Error    string   `json:"error,omitempty"`
}

// CaseFile is the committed corpus of one Talos line.
type CaseFile struct {
	Machinery string `json:"machinery"`
	Cases     []Case `json:"cases"`
}

func runCases(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("cases needs CASES_IN MACHINERY_VERSION OUT_JSON")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var in []Case
	if err := json.Unmarshal(data, &in); err != nil {
		return fmt.Errorf("%s: %w", args[0], err)
	}
	out := CaseFile{Machinery: args[1]}
	for _, c := range in {
		result, err := safeApply([]byte(c.Config), c.Patches)
		c.Expected, c.Error = "", ""
		if err != nil {
			c.Error = err.Error()
		} else {
			c.Expected = string(result)
		}
		out.Cases = append(out.Cases, c)
	}
	return writeJSON(args[2], out)
}

func safeApply(config []byte, patches []string) (out []byte, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic: %v", r)
		}
	}()
	return applyPatches(config, patches)
}
