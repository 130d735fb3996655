// Package ingest keeps an index in step with an archive folder.
//
// A Library is an archive folder (briefings in every form, in year folders, one new issue a
// week) and the index built from it. Build brings the index up to date: it scans the folder,
// reads what changed since the generation being served (remembering each file's size, time
// and hash in the generation, so an unchanged PDF is never read again), annotates the new
// briefings with the lexicon, and writes a new generation: the previous one extended with a
// small new segment when briefings were only added, a full rebuild otherwise. Watch runs
// Build whenever the folder changes; Add validates a file (an upload, the add command) and
// writes it into the folder, atomically, before building.
//
// Only one build runs at a time, in this process (a mutex) and across processes (the index's
// build lock). Every build writes a fresh generation and switches to it atomically, so a
// crash at any moment leaves the served generation whole.
package ingest
