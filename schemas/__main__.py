"""Write the JSON Schema of the document JSON: `python -m schemas`, after changing document.py."""

from schemas.jsonschema import write_schema

if __name__ == "__main__":
    print(write_schema())
