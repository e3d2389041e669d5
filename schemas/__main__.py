"""Write the JSON Schema of the document JSON: `python -m extractor.schemas`, after changing document.py."""

from extractor.schemas.jsonschema import write_schema

if __name__ == "__main__":
    print(write_schema())
