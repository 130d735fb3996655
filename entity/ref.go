package entity

// ref names an entity: a gazetteer record, or one the rules found in the text.
type ref struct {
	ent  int // gazetteer index, or -1
	typ  Type
	name string // canonical
}

func (lx *Lexicon) known(i int) ref {
	return ref{ent: i, typ: lx.entities[i].Type, name: lx.entities[i].Name}
}
