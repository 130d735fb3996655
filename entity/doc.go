// Package entity finds the persons, organizations and places a briefing item mentions, and
// knows their names in both scripts.
//
// It owns two researcher-edited YAML files (see README section "Entities and glossary"): the
// gazetteer (canonical entities with Latin and Japanese aliases) and the topic glossary (groups
// of equivalent terms). A Lexicon built from them does three jobs:
//
//   - Extract / Annotate: find mentions in an item's headlines, body and note and normalize each
//     to a canonical name. The gazetteer is only the first source: titled names ("Minister of
//     Defense Zakir Hasanov"), appositions ("Olof Skoog, Political Director of …"), acronym
//     definitions ("… for Mine Action (ANAMA)"), organization and place head nouns, and katakana
//     names in the Japanese headline linked to a Latin name of the same item by transliteration
//     find entities nobody listed. Extraction is rule-based and deterministic: the same item
//     always yields the same entities, which is what an index rebuilt weekly needs.
//   - Entity / Synonyms: the query side, satisfying search.Lexicon structurally (entity never
//     imports search) with case- and width-insensitive lookups in maps built once.
//   - Entities / BySlug: the entity list for entity pages.
//
// A Lexicon is immutable after Parse and safe for concurrent use.
//
// Files: lexicon.go (Lexicon, query side), gazetteer.go and glossary.go (the YAML formats),
// match.go (gazetteer aliases in text), tokenize.go and chunk.go (Latin words and capitalized
// phrases), latin.go and latin_rest.go (the rules), acronym.go, japanese.go, romanize.go and
// phonetic.go (katakana), resolve.go (surnames, merges, links), extract.go (Extract, Annotate),
// words.go (the rules' word lists). testdata/labels.yaml and fresh.yaml are the hand labels
// TestQuality scores against.
package entity
