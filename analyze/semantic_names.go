package analyze

// deprecatedFunctions maps each deprecated KQL function to what replaces
// it, from the scalar_functions_deprecated and
// aggregate_functions_deprecated lists of the official parser's names.
var deprecatedFunctions = map[string]string{
	// scalar functions
	"to_utf8":             "unicode_codepoints_from_string",
	"extractall":          "extract_all",
	"replace":             "replace_regex or replace_string",
	"make_string":         "unicode_codepoints_to_string",
	"toobject":            "todynamic",
	"totime":              "totimespan",
	"base64_encodestring": "base64_encode_tostring",
	"base64_decodestring": "base64_decode_tostring",
	"parsejson":           "parse_json",
	"parseurl":            "parse_url",
	"parseurlquery":       "parse_urlquery",
	"weekofyear":          "week_of_year",
	"datepart":            "datetime_part",
	"notnull":             "isnotnull",
	"notempty":            "isnotempty",
	"columnifexists":      "column_ifexists",
	"arraylength":         "array_length",
	"pack":                "bag_pack",
	"pack_dictionary":     "bag_pack",
	"array_sum":           "series_sum",
	"extentid":            "extent_id",
	"current_cursor":      "cursor_current",
	"row_rank":            "row_rank_dense",
	// aggregate functions
	"cnt":      "count",
	"makelist": "make_list",
	"makeset":  "make_set",
	"any":      "take_any",
	"anyif":    "take_anyif",
	"argmin":   "arg_min",
	"argmax":   "arg_max",
}
