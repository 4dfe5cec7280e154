"""The EcoZone fuzzer (scripts/fuzz): seeds, mutators, cases, runner and regression folder.

Standard library only, deterministic for a given seed: case i of seed s draws every choice from
random.Random("ecozone-fuzz:s:i"), so a case can be regenerated (and minimised) from (s, i) alone.
"""
