package analyze

import (
	"github.com/rulecat/rulecat/analyze/kql"
)

// stepInput is what one pipeline operator received while the analyzer
// walked the query: the columns of its input and the let bindings in scope.
// An operator inside a function called with different arguments is seen
// once per call.
type stepInput struct {
	rel *relation
	env *scope
}

// maxStepInputs bounds the inputs kept per operator.
const maxStepInputs = 8

// recordStep keeps the input of operator o for the semantic checks.
func (qa *QueryAnalysis) recordStep(o kql.Operator, in *relation, env *scope) {
	if o == nil || in == nil {
		return
	}
	if qa.steps == nil {
		qa.steps = map[kql.Operator][]stepInput{}
	}
	if len(qa.steps[o]) < maxStepInputs {
		qa.steps[o] = append(qa.steps[o], stepInput{rel: in, env: env})
	}
}

// stepInputs returns what operator o received, or nil when the analyzer
// never reached it.
func (qa *QueryAnalysis) stepInputs(o kql.Operator) []stepInput { return qa.steps[o] }
