"""Reading the YAML sources of a connector project, remembering where every node came from."""
