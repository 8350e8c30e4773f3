// parse_floor: the parse-only floor for tools/bench.sh. It loads each file
// with pugixml, with the same options ivrscope parses with, and does nothing
// else: no model, no analysis, no report. What ivrscope costs beyond this is
// what ivrscope itself adds.
//
//   parse_floor FILE...
//
// Exits 1 if a file does not parse (the benchmark must not time a parse
// error as if it were a floor).
#include <iostream>
#include <pugixml.hpp>

#include "loaders/xml_source.hpp"

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: parse_floor FILE...\n";
    return 2;
  }
  int status = 0;
  for (int i = 1; i < argc; ++i) {
    // load_file reads the file into pugixml's own buffer and parses it in
    // place: the least any program that looks at the DOM has to do.
    pugi::xml_document document;
    const pugi::xml_parse_result parsed =
        document.load_file(argv[i], ivrscope::kXmlParseOptions);
    if (!parsed) {
      std::cerr << argv[i] << ": " << parsed.description() << "\n";
      status = 1;
    }
  }
  return status;
}
