// parse_floor: the parse-only floor for tools/bench.sh. It loads each file
// with pugixml, with the same options ivrscope parses with, and does nothing
// else: no model, no analysis, no report. What ivrscope costs beyond this is
// what ivrscope itself adds.
//
//   parse_floor [--walk] FILE...
//
// With --walk it then visits every node of the DOM once, in document order,
// and reads the first byte of each name and value: the least any analysis
// of the whole document must add to the parse. The bench reports it next to
// the floor, so that "how far above the floor" can be read against what one
// look at every element already costs.
//
// Exits 1 if a file does not parse (the benchmark must not time a parse
// error as if it were a floor).
#include <cstring>
#include <iostream>
#include <pugixml.hpp>

#include "loaders/xml_source.hpp"

namespace {

// Pre-order, without recursion (the walk ivrscope's gate makes).
unsigned Walk(const pugi::xml_document& document) {
  unsigned sum = 0;
  pugi::xml_node node = document.first_child();
  while (node) {
    sum += static_cast<unsigned char>(node.name()[0]);
    sum += static_cast<unsigned char>(node.value()[0]);
    for (pugi::xml_attribute a = node.first_attribute(); a;
         a = a.next_attribute()) {
      sum += static_cast<unsigned char>(a.name()[0]);
      sum += static_cast<unsigned char>(a.value()[0]);
    }
    if (pugi::xml_node child = node.first_child()) {
      node = child;
      continue;
    }
    while (node && !node.next_sibling()) node = node.parent();
    if (node) node = node.next_sibling();
  }
  return sum;
}

}  // namespace

int main(int argc, char** argv) {
  int first = 1;
  const bool walk = argc > 1 && std::strcmp(argv[1], "--walk") == 0;
  if (walk) ++first;
  if (argc <= first) {
    std::cerr << "usage: parse_floor [--walk] FILE...\n";
    return 2;
  }
  int status = 0;
  unsigned sum = 0;
  for (int i = first; i < argc; ++i) {
    // load_file reads the file into pugixml's own buffer and parses it in
    // place: the least any program that looks at the DOM has to do.
    pugi::xml_document document;
    const pugi::xml_parse_result parsed =
        document.load_file(argv[i], ivrscope::kXmlParseOptions);
    if (!parsed) {
      std::cerr << argv[i] << ": " << parsed.description() << "\n";
      status = 1;
    } else if (walk) {
      sum += Walk(document);
    }
  }
  // Printed so that the walk cannot be optimised away.
  if (walk) std::cout << sum << "\n";
  return status;
}
