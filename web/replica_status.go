package web

import (
	"time"

	"briefsearch/replica"
)

// Replica is this server's replica loop (*replica.Replica): what it last heard from its
// source and what it installed.
type Replica interface {
	Status() replica.Status
}

// replicaStatus is the replica part of /readyz. Being behind does not make the server
// unready (it serves a whole, verified generation), but it says so: lagging is more than one
// generation behind.
type replicaStatus struct {
	Generation       string     `json:"generation"` // the newest installed here
	Sequence         int        `json:"sequence"`
	SourceGeneration string     `json:"source_generation"`
	SourceSequence   int        `json:"source_sequence"`
	Behind           int        `json:"behind"`
	Lagging          bool       `json:"lagging"`
	LastCheck        *time.Time `json:"last_check,omitempty"`
	Error            string     `json:"error,omitempty"` // the last sync's, if it failed
	Installs         int        `json:"installs"`
	Refused          int        `json:"refused"`
}

func (s *Server) replicaStatus() *replicaStatus {
	if s.opts.Replica == nil {
		return nil
	}
	st := s.opts.Replica.Status()
	out := &replicaStatus{Generation: st.Generation, Sequence: st.Sequence, SourceGeneration: st.SourceGeneration,
		SourceSequence: st.SourceSequence, Behind: st.Behind, Lagging: st.Lagging, Error: st.LastError,
		Installs: st.Installs, Refused: st.Refused}
	if !st.LastCheck.IsZero() {
		out.LastCheck = &st.LastCheck
	}
	return out
}

func (s *Server) replicaState() *replica.Status {
	if s.opts.Replica == nil {
		return nil
	}
	st := s.opts.Replica.Status()
	return &st
}
