// Package tables holds the Sentinel and Defender XDR table schemas (table
// name to ordered columns) generated from Sentinel's own schema data.
//
// # Data
//
// gen/ reads tables.json, a table → columns map built from the Azure
// Monitor Logs table reference, the Defender XDR advanced hunting schema and
// a few of Sentinel CI's custom tables, and writes tables.txt.gz: one table a
// line with its sources and its columns in order, plus the Log Analytics
// standard columns, gzip-compressed and embedded. Run "go generate
// ./analyze/tables" (or "make tables") after updating tables.json;
// TestEmbeddedUpToDate fails while the two disagree.
//
// Load decodes the embedded table. LoadFile adds a user's tables on top
// (rulecat's --schemas flag), in tables.json's format or in Sentinel CI's
// CustomTables format.
//
// # Lookups
//
// Table and column names are case-sensitive, as in KQL; Suggest gives the
// "did you mean" spelling of a table. A Log Analytics table has the standard
// columns (TenantId, _ResourceId, ...) even where its listing omits them, and
// AzureDiagnostics has any column named with a type suffix (requestUri_s);
// Table.Column accepts both.
//
// # Notice
//
// The schemas are derived from Microsoft documentation under CC BY 4.0 and
// from Azure-Sentinel under the MIT licence; Notice carries the attribution,
// which the embedded table repeats.
package tables

// Notice is the attribution that must accompany copies of the schema data.
const Notice = "Table and column information © Microsoft, from Microsoft Learn documentation " +
	"(MicrosoftDocs/azure-reference-other, MicrosoftDocs/defender-docs), CC BY 4.0 " +
	"(https://creativecommons.org/licenses/by/4.0/), changed: extracted, type-normalised and merged; " +
	"custom tables from Azure/Azure-Sentinel, © Microsoft, MIT licence."
