"""The bottom layer: what every other package may use and which imports none of them (the clock, atomic file
writes, progress lines, the evidence store). See docs/architecture.md."""
