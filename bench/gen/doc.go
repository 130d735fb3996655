// Package gen writes synthetic briefing archives for benchmarks: weekly files in the real
// format (header, numbered sections, ● items in the sample's three headline layouts, source
// attributions, NOTE paragraphs, END), about 20 items an issue across 2010–2026, with names,
// places and topics drawn from a vocabulary built from the sample briefing.
//
// Every file says SYNTHETIC TEST DATA in its header. The output depends only on the options:
// the same seed and size give the same bytes, so a benchmark run can be repeated anywhere.
package gen
