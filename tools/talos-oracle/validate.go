package main

import (
	"os"

	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
)

// metalMode is Talos' metal runtime mode: installs to disk, not in a container.
type metalMode struct{}

func (metalMode) String() string        { return "metal" }
func (metalMode) RequiresInstall() bool { return true }
func (metalMode) InContainer() bool     { return false }

// Verdict is what Talos says about one config file.
type Verdict struct {
	File     string   `json:"file"`
	Load     string   `json:"loadError,omitempty"`
	Errors   []string `json:"errors"`
	Warnings []string `json:"warnings"`
}

func runValidate(args []string) error {
	var verdicts []Verdict
	for _, file := range args {
		verdicts = append(verdicts, validateFile(file))
	}
	return writeJSON("-", verdicts)
}

func validateFile(file string) Verdict {
	v := Verdict{File: file, Errors: []string{}, Warnings: []string{}}
	data, err := os.ReadFile(file)
	if err != nil {
		v.Load = err.Error()
		return v
	}
	cfg, err := configloader.NewFromBytes(data)
	if err != nil {
		v.Load = err.Error()
		return v
	}
	warnings, err := cfg.Validate(metalMode{})
	v.Warnings = append(v.Warnings, warnings...)
	if err != nil {
		v.Errors = append(v.Errors, splitMulti(err)...)
	}
	return v
}

// splitMulti lists the errors of a hashicorp multierror (Talos validation joins them) one by one.
func splitMulti(err error) []string {
	if multi, ok := err.(interface{ WrappedErrors() []error }); ok {
		var out []string
		for _, e := range multi.WrappedErrors() {
			out = append(out, e.Error())
		}
		return out
	}
	return []string{err.Error()}
}
