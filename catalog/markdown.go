package catalog

func decodeMarkdown(name string, src []byte) *Rule {
	return decodeKQL(name, src)
}
