module github.com/rulecat/rulecat/bench

go 1.26.8

require github.com/rulecat/rulecat v0.0.0

replace github.com/rulecat/rulecat => ../
