"""Duplicate detection: find a family among the registry's dossiers.

Modules, one concern each:

- ``normalise``: French-aware folding of names, phones, e-mails, addresses, dates;
- ``phonetic``: the French phonetic code used for blocking;
- ``profile``: ``FamilyProfile``, the family as the engine sees it (from a
  dossier, a family request, an import file or plain dicts);
- ``features``: a profile's normalised, precomputed comparison features;
- ``blocking``: the keys that bring candidate pairs together;
- ``weights``: Fellegi–Sunter m/u probabilities, thresholds, configuration;
- ``compare``: comparison levels of two families, feature by feature;
- ``scoring``: match weight, probability and the reasons in French;
- ``index``: the stored blocking keys (written by the registry's importer, rebuilt on demand);
- ``search``: candidates for one family, from the registry (indexed query);
- ``dedup``: likely duplicate pairs inside an import file (no database);
- ``report``: the same pairs over the registry, and the CSV the commands print.

The engine reads no file and no environment: its settings come from
``Settings.matching`` and the console script hands it what to compare.
"""
