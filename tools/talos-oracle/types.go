package main

import (
	"encoding"
	"encoding/json"
	"fmt"
	"os"
	"reflect"
	"sort"
	"strings"

	"github.com/siderolabs/talos/pkg/machinery/config/configloader"
	"gopkg.in/yaml.v3"
)

// Field is one YAML key of a Go struct, as the merge, the decoder's unknown-key check and the encoder see it.
type Field struct {
	Name      string `json:"name"`
	Type      string `json:"type"`
	Pointer   bool   `json:"pointer,omitempty"`
	OmitEmpty bool   `json:"omitempty,omitempty"`
	Replace   bool   `json:"replace,omitempty"`
}

// Type is one Go type of the config documents.
type Type struct {
	Kind        string   `json:"kind"` // struct, map, slice, string, int, float, bool, bytes, any, opaque
	Fields      []Field  `json:"fields,omitempty"`
	AnyKeys     bool     `json:"anyKeys,omitempty"` // a struct with an inline map: every key is known
	Elem        string   `json:"elem,omitempty"`
	ElemPointer bool     `json:"elemPointer,omitempty"`
	Merger      string   `json:"merger,omitempty"` // keyed, keyedReplace, mapCopy, replace
	MergeKeys   []string `json:"mergeKeys,omitempty"`
	ZeroText    string   `json:"zeroText,omitempty"` // an enum's zero value as Talos writes it (ingress: accept)
}

// Model is the type model of one machinery version.
type Model struct {
	Machinery string            `json:"machinery"`
	Documents map[string]string `json:"documents"` // kind ("v1alpha1" for the legacy document) -> type
	Named     map[string]bool   `json:"named"`
	Types     map[string]Type   `json:"types"`
}

var (
	mergerIface      = reflect.TypeOf((*interface{ Merge(any) error })(nil)).Elem()
	unmarshalerIface = reflect.TypeOf((*yaml.Unmarshaler)(nil)).Elem()
	textIface        = reflect.TypeOf((*encoding.TextMarshaler)(nil)).Elem()
)

// customMergers names the merge key of each Talos type with its own Merge method.
var customMergers = map[string]Type{
	"v1alpha1.NetworkDeviceList":         {Merger: "keyed", MergeKeys: []string{"interface", "deviceSelector"}},
	"v1alpha1.VlanList":                  {Merger: "keyed", MergeKeys: []string{"vlanId"}},
	"v1alpha1.AdmissionPluginConfigList": {Merger: "keyed", MergeKeys: []string{"name"}},
	"extensions.ConfigFileList":          {Merger: "keyed", MergeKeys: []string{"mountPath"}},
	"security.ImageVerificationRules":    {Merger: "keyedReplace", MergeKeys: []string{"imagePattern"}},
	"v1alpha1.Args":                      {Merger: "mapCopy"},
	"block.ByteSize":                     {Merger: "replace"},
	"block.PercentageSize":               {Merger: "replace"},
}

func runTypes(args []string) error {
	if len(args) != 3 {
		return fmt.Errorf("types needs SCHEMA_JSON MACHINERY_VERSION OUT_JSON")
	}
	data, err := os.ReadFile(args[0])
	if err != nil {
		return err
	}
	var schema struct {
		Defs map[string]struct {
			Properties map[string]struct {
				Enum []string `json:"enum"`
			} `json:"properties"`
		} `json:"$defs"`
	}
	if err := json.Unmarshal(data, &schema); err != nil {
		return err
	}
	model := Model{Machinery: args[1], Documents: map[string]string{}, Named: map[string]bool{}, Types: map[string]Type{}}
	legacy, err := configloader.NewFromBytes([]byte("version: v1alpha1\nmachine:\n  type: worker\n"))
	if err != nil {
		return fmt.Errorf("v1alpha1: %w", err)
	}
	addDocument(&model, "v1alpha1", reflect.TypeOf(legacy.RawV1Alpha1()))
	var kinds []string
	for _, def := range schema.Defs {
		if kind := def.Properties["kind"].Enum; len(kind) == 1 {
			_, named := def.Properties["name"]
			kinds = append(kinds, kind[0])
			model.Named[kind[0]] = named
		}
	}
	sort.Strings(kinds)
	for _, kind := range kinds {
		text := "apiVersion: v1alpha1\nkind: " + kind + "\n"
		if model.Named[kind] {
			text += "name: probe\n"
		}
		cfg, err := configloader.NewFromBytes([]byte(text))
		if err != nil {
			// the schema describes a few kinds Talos does not decode from machine config (KubeSpanEndpoints)
			fmt.Fprintf(os.Stderr, "talos-oracle: skipping kind %s: %v\n", kind, err)
			delete(model.Named, kind)
			continue
		}
		for _, doc := range cfg.Documents() {
			if doc.Kind() == kind {
				addDocument(&model, kind, reflect.TypeOf(doc))
			}
		}
	}
	return writeJSON(args[2], model)
}

func addDocument(model *Model, kind string, typ reflect.Type) {
	for typ.Kind() == reflect.Pointer {
		typ = typ.Elem()
	}
	model.Documents[kind] = describe(model, typ)
}

func typeName(typ reflect.Type) string {
	if typ.Name() == "" {
		return typ.String()
	}
	return typ.String()
}

// describe adds typ (not a pointer) and everything it reaches to the model and returns its name.
func describe(model *Model, typ reflect.Type) string {
	name := typeName(typ)
	if _, done := model.Types[name]; done {
		return name
	}
	model.Types[name] = Type{Kind: "pending"}
	t := Type{}
	if custom, ok := customMergers[name]; ok {
		t.Merger, t.MergeKeys = custom.Merger, custom.MergeKeys
	} else if reflect.PointerTo(typ).Implements(mergerIface) {
		t.Merger = "unknown"
	}
	opaque := reflect.PointerTo(typ).Implements(unmarshalerIface)
	switch {
	case opaque && typ.Kind() != reflect.Slice && typ.Kind() != reflect.Map:
		t.Kind = "opaque"
		if typ.Kind() == reflect.Struct && exportedYAMLFields(typ) {
			t.Kind = "opaqueStruct"
			t.Fields, t.AnyKeys = fields(model, typ)
		}
	case typ.Kind() == reflect.Struct:
		t.Kind = "struct"
		t.Fields, t.AnyKeys = fields(model, typ)
	case typ.Kind() == reflect.Map:
		t.Kind = "map"
		t.Elem, t.ElemPointer = elem(model, typ.Elem())
	case typ.Kind() == reflect.Slice && typ.Elem().Kind() == reflect.Uint8:
		t.Kind = "bytes"
	case typ.Kind() == reflect.Slice:
		t.Kind = "slice"
		t.Elem, t.ElemPointer = elem(model, typ.Elem())
	case typ.Kind() == reflect.Interface:
		t.Kind = "any"
	case typ.Kind() == reflect.String:
		t.Kind = "string"
	case typ.Kind() == reflect.Bool:
		t.Kind = "bool"
	case typ.Kind() == reflect.Float32 || typ.Kind() == reflect.Float64:
		t.Kind = "float"
	case typ.Kind() >= reflect.Int && typ.Kind() <= reflect.Uint64:
		t.Kind = "int"
		if typ.Implements(textIface) {
			if text, err := reflect.Zero(typ).Interface().(encoding.TextMarshaler).MarshalText(); err == nil {
				t.ZeroText = string(text)
			}
		}
	default:
		t.Kind = "opaque"
	}
	model.Types[name] = t
	return name
}

func exportedYAMLFields(typ reflect.Type) bool {
	for _, f := range reflect.VisibleFields(typ) {
		if f.IsExported() && f.Tag.Get("yaml") != "" && f.Tag.Get("yaml") != "-" {
			return true
		}
	}
	return false
}

func elem(model *Model, typ reflect.Type) (string, bool) {
	pointer := false
	for typ.Kind() == reflect.Pointer {
		typ, pointer = typ.Elem(), true
	}
	return describe(model, typ), pointer
}

func fields(model *Model, typ reflect.Type) ([]Field, bool) {
	var out []Field
	anyKeys := false
	for i := range typ.NumField() {
		f := typ.Field(i)
		tag, ok := f.Tag.Lookup("yaml")
		if !ok || tag == "-" || !f.IsExported() {
			continue
		}
		parts := strings.Split(tag, ",")
		field := Field{Name: parts[0]}
		inline := false
		for _, opt := range parts[1:] {
			switch opt {
			case "omitempty":
				field.OmitEmpty = true
			case "inline":
				inline = true
			}
		}
		for _, opt := range strings.Split(f.Tag.Get("merge"), ",") {
			if opt == "replace" {
				field.Replace = true
			}
		}
		if inline {
			if f.Type.Kind() == reflect.Map {
				anyKeys = true
				continue
			}
			inner, innerAny := fields(model, f.Type)
			out = append(out, inner...)
			anyKeys = anyKeys || innerAny
			continue
		}
		field.Type, field.Pointer = elem(model, f.Type)
		if f.Type.Kind() == reflect.Interface {
			field.Pointer = true
		}
		out = append(out, field)
	}
	return out, anyKeys
}
