// Package tables holds the Sentinel and Defender XDR table schemas (table
// name to ordered columns) generated from Sentinel's own schema data.
package tables

// Schema maps table names to their columns.
type Schema struct{}
