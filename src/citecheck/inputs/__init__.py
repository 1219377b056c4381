"""Reading inputs: finding the documents, loading their text, normalising it."""
