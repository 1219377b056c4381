"""What citecheck keeps on disk: WARC archives, their index, history, cache upkeep."""
