package analyze

// checkList is the table of every check constructor. Each check lives in its
// own file analyze/check_<id>.go and adds one line here.
var checkList = []func() *Check{
	unusedSuppression,
	attackTacticUnknown,
	attackTechniqueUnknown,
	attackRevoked,
	attackDeprecated,
	attackTacticMismatch,
	duplicateID,
	duplicateName,
	duplicateFilename,
	schemaCheck,
	unknownKey,
	yamlSyntax,
	fileEmpty,
	fileEncoding,
	fileUnreadable,
	kqlSyntax,
	kqlUnknownTable,
	kqlUnknownColumn,
	connectorMissingTable,
	connectorUnusedDatatype,
	mappingUnknownColumn,
	mappingCustomEntity,
	lookbackExceedsPeriod,
	lookbackBlindSpot,
	nrtAgo,
	timeFilterMissing,
	tiLatestIndicator,
}
