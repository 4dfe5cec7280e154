// libyaml's event parser (yaml_parser_parse): the project and claims files are read event by event,
// so no recursive code ever sees a file's nesting (Sources/EcoZone/Support/YAMLDocument.swift).
#include <yaml.h>
