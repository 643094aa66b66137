"""Deduplication, in one place: what the ``exact_dedup`` and ``near_dedup`` plugins run, and
how a run shows documents to any plugin's deduplicator.

- `contract`: what a deduplicator is to the run, the engines and the CLI (`Deduplicator`,
  `Spreadable`, `IndexSettings`);
- `run`: the run's deduplication step (`Deduplication`) and the priority order of an
  order-free keep policy (`in_priority_order`);
- `keep`: the ``[dedup] keep`` policies;
- `exact`: exact copies of the normalised text (`exact.Seen`);
- `near`: near-duplicate stories (`near.NearDuplicates`), on
- `minhash`: shingles, signatures and the LSH index that persists between runs, and
- `redis`: the index shared by concurrent writers through Redis.

Importing this package imports none of them (`import cleaner` stays free of NumPy's
MinHash work, datasketch and scipy).
"""
