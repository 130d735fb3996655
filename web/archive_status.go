package web

import (
	"time"
)

// maxListed bounds the files /readyz lists by name; the counts are whole.
const maxListed = 20

// archiveStatus is the archive part of /readyz: a bad file or a failed build does not make
// the server unready (it serves the last good generation), but it says so here.
type archiveStatus struct {
	LastBuild  *time.Time `json:"last_build,omitempty"`
	How        string     `json:"how,omitempty"`
	Generation string     `json:"generation,omitempty"`
	Error      string     `json:"error,omitempty"`
	Rejected   int        `json:"rejected"`
	Files      []string   `json:"rejected_files"` // file:line: reason, the first maxListed
	Pending    []string   `json:"pending"`        // still being written
	Duplicates int        `json:"duplicates"`
}

func (s *Server) archiveStatus() *archiveStatus {
	if s.opts.Archive == nil {
		return nil
	}
	st := s.opts.Archive.Status()
	out := &archiveStatus{Error: st.Err, Files: []string{}, Pending: []string{}}
	if !st.At.IsZero() {
		out.LastBuild = &st.At
	}
	if r := st.Report; r != nil {
		out.How, out.Generation, out.Rejected, out.Duplicates = r.How, r.Generation, len(r.Rejected), len(r.Duplicates)
		for _, e := range r.Rejected[:min(len(r.Rejected), maxListed)] {
			out.Files = append(out.Files, e.Error())
		}
	}
	out.Pending = append(out.Pending, st.Pending[:min(len(st.Pending), maxListed)]...)
	return out
}
