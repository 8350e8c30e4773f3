// ivrgen: a deterministic generator of large synthetic IVRs, in ivrflow or
// VoiceXML, for benchmarks and scale tests. The same seed and size always
// give the same bytes.
//
// Shape: a tree of menus (3-9 options each, depth at most 8) whose options
// lead to sub-menus, account inputs, transfers to agent queues, goodbyes, or
// back to the parent menu; every menu has a tries limit escalating to an
// agent. In estate mode (--files N) some flows transfer to later flows of
// their line of business (groups of ten), so linking is exercised too.
//
//   ivrgen --nodes 100000 > big.ivrflow
//   ivrgen --format voicexml --menus 200000 --options 5 > big.vxml
//   ivrgen --files 10000 --nodes 50 --out estate/
#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

namespace {

// splitmix64: tiny, fast and identical on every platform.
class Random {
 public:
  explicit Random(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  int Between(int low, int high) {  // inclusive
    return low + static_cast<int>(Next() % static_cast<std::uint64_t>(high - low + 1));
  }

 private:
  std::uint64_t state_;
};

struct Settings {
  std::string format = "ivrflow";
  long nodes = 1000;   // approximate node budget per flow
  long menus = 0;      // if set: exactly this many menus of `options` choices
  int options = 0;     // fixed options per menu (0: random 3-9)
  int max_depth = 8;
  long files = 0;      // estate mode
  std::string out;
  std::uint64_t seed = 1;
};

struct Leaf {
  enum Kind { kSubmenu, kInput, kAgent, kGoodbye, kBack, kOtherFlow } kind;
  long target = 0;  // submenu index or flow index
};

struct Menu {
  long id = 0;
  long parent = -1;
  int depth = 0;
  std::vector<Leaf> options;
};

// Flows of an estate come in lines of business of this many flows.
constexpr long kGroupSize = 10;

long LastInGroup(long flow, long flows) {
  return std::min(flows - 1, (flow / kGroupSize + 1) * kGroupSize - 1);
}

// Breadth-first tree of menus within the node budget: options become
// sub-menus while the budget lasts (80% of them, so large sizes are reached
// within the depth limit), the rest are leaves.
std::vector<Menu> Plan(const Settings& s, Random& rng, long flow, long flows) {
  std::vector<Menu> menus(1);
  const long budget = s.nodes;
  long used = 4;  // welcome, agent, goodbye, the root menu
  for (std::size_t head = 0; head < menus.size(); ++head) {
    const int count = s.options > 0 ? s.options : rng.Between(3, 9);
    for (int k = 0; k < count; ++k) {
      Leaf leaf{Leaf::kAgent, 0};
      const bool room = s.menus > 0
                            ? static_cast<long>(menus.size()) < s.menus
                            : used + 1 <= budget;
      const int roll = rng.Between(0, 99);
      if (room && menus[head].depth < s.max_depth && (roll < 80 || s.menus > 0)) {
        leaf.kind = Leaf::kSubmenu;
        leaf.target = static_cast<long>(menus.size());
        Menu child;
        child.id = leaf.target;
        child.parent = static_cast<long>(head);
        child.depth = menus[head].depth + 1;
        menus.push_back(child);
        ++used;
      } else if (roll < 86 && (s.menus > 0 || used + 2 <= budget)) {
        leaf.kind = Leaf::kInput;  // an input and the branch checking it
        used += 2;
      } else if (roll < 92 && head != 0) {
        leaf.kind = Leaf::kBack;
      } else if (roll < 95 && LastInGroup(flow, flows) > flow) {
        // Transfers go to a later flow of the same line of business (a
        // front door to its departments), as in a real estate. Random
        // targets across the whole estate would make every flow reach every
        // other, and since a finding is reported in each flow a caller's
        // route starts from, the report itself would grow with the square
        // of the estate.
        leaf.kind = Leaf::kOtherFlow;
        const long last = LastInGroup(flow, flows);
        leaf.target = flow + 1 + static_cast<long>(rng.Next() % static_cast<std::uint64_t>(last - flow));
        ++used;
      } else if (roll < 98) {
        leaf.kind = Leaf::kGoodbye;
      }
      menus[head].options.push_back(leaf);
    }
  }
  return menus;
}

std::string Key(int k) { return std::to_string(k + 1); }

void WriteIvrflow(const std::vector<Menu>& menus, long flow, std::ostream& out) {
  const std::string f = "flow-" + std::to_string(flow);
  out << "<ivrflow name=\"" << f << "\" start=\"welcome\">\n"
      << "  <number>+1555" << 1000000 + flow << "</number>\n"
      << "  <play id=\"welcome\" next=\"m0\">Welcome to " << f << ".</play>\n";
  for (const Menu& m : menus) {
    out << "  <menu id=\"m" << m.id << "\" tries=\"3\" on-exhausted=\"agent\">\n"
        << "    <prompt>Menu " << m.id << ".</prompt>\n";
    for (std::size_t k = 0; k < m.options.size(); ++k) {
      const Leaf& leaf = m.options[k];
      const std::string key = Key(static_cast<int>(k));
      std::string next;
      switch (leaf.kind) {
        case Leaf::kSubmenu: next = "m" + std::to_string(leaf.target); break;
        case Leaf::kInput: next = "in" + std::to_string(m.id) + "-" + key; break;
        case Leaf::kAgent: next = "agent"; break;
        case Leaf::kGoodbye: next = "bye"; break;
        case Leaf::kBack: next = "m" + std::to_string(m.parent); break;
        case Leaf::kOtherFlow: next = "to" + std::to_string(m.id) + "-" + key; break;
      }
      out << "    <option key=\"" << key << "\" next=\"" << next << "\"/>\n";
    }
    out << "    <option key=\"0\" next=\"agent\"/>\n  </menu>\n";
    for (std::size_t k = 0; k < m.options.size(); ++k) {
      const Leaf& leaf = m.options[k];
      const std::string suffix = std::to_string(m.id) + "-" + Key(static_cast<int>(k));
      if (leaf.kind == Leaf::kInput) {
        out << "  <input id=\"in" << suffix << "\" next=\"check" << suffix
            << "\" tries=\"2\" on-exhausted=\"agent\"/>\n"
            << "  <branch id=\"check" << suffix << "\"><when cond=\"valid\" next=\"agent\"/>"
            << "<otherwise next=\"m" << m.id << "\"/></branch>\n";
      } else if (leaf.kind == Leaf::kOtherFlow) {
        out << "  <transfer id=\"to" << suffix << "\" to=\"flow:flow-" << leaf.target
            << "\" on-fail=\"agent\"/>\n";
      }
    }
  }
  out << "  <transfer id=\"agent\" to=\"queue:agents\" on-fail=\"bye\"/>\n"
      << "  <hangup id=\"bye\">Goodbye.</hangup>\n</ivrflow>\n";
}

void WriteVoicexml(const std::vector<Menu>& menus, long flow, std::ostream& out) {
  out << "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      << "<vxml version=\"2.1\" xmlns=\"http://www.w3.org/2001/vxml\">\n"
      << "  <form id=\"welcome\"><block><prompt>Welcome to flow " << flow
      << ".</prompt><goto next=\"#m0\"/></block></form>\n";
  for (const Menu& m : menus) {
    out << "  <menu id=\"m" << m.id << "\">\n    <prompt>Menu " << m.id << ".</prompt>\n";
    for (std::size_t k = 0; k < m.options.size(); ++k) {
      const Leaf& leaf = m.options[k];
      const std::string key = Key(static_cast<int>(k));
      std::string next;
      switch (leaf.kind) {
        case Leaf::kSubmenu: next = "#m" + std::to_string(leaf.target); break;
        case Leaf::kBack: next = "#m" + std::to_string(m.parent); break;
        case Leaf::kGoodbye: next = "#bye"; break;
        case Leaf::kOtherFlow:
          next = "flow-" + std::to_string(leaf.target) + ".vxml";
          break;
        default: next = "#agent"; break;
      }
      out << "    <choice dtmf=\"" << key << "\" next=\"" << next << "\">Option "
          << key << "</choice>\n";
    }
    out << "    <choice dtmf=\"0\" next=\"#agent\">Agent</choice>\n"
        << "    <noinput count=\"3\"><goto next=\"#agent\"/></noinput>\n"
        << "    <nomatch count=\"3\"><goto next=\"#agent\"/></nomatch>\n"
        << "  </menu>\n";
  }
  out << "  <form id=\"agent\"><transfer name=\"call\" dest=\"tel:+15550100\" bridge=\"true\">"
         "<filled><goto next=\"#bye\"/></filled></transfer></form>\n"
      << "  <form id=\"bye\"><block><prompt>Goodbye.</prompt><disconnect/></block></form>\n"
      << "</vxml>\n";
}

int Usage() {
  std::cerr << "usage: ivrgen [--format ivrflow|voicexml] [--nodes N | --menus N]\n"
               "              [--options K] [--depth D] [--seed S]\n"
               "              [--files N --out DIR] [--out FILE]\n";
  return 2;
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (i + 1 >= argc) return Usage();
    const std::string value = argv[++i];
    if (arg == "--format") s.format = value;
    else if (arg == "--nodes") s.nodes = std::atol(value.c_str());
    else if (arg == "--menus") s.menus = std::atol(value.c_str());
    else if (arg == "--options") s.options = std::atoi(value.c_str());
    else if (arg == "--depth") s.max_depth = std::atoi(value.c_str());
    else if (arg == "--seed") s.seed = std::strtoull(value.c_str(), nullptr, 10);
    else if (arg == "--files") s.files = std::atol(value.c_str());
    else if (arg == "--out") s.out = value;
    else return Usage();
  }
  if ((s.format != "ivrflow" && s.format != "voicexml") || s.nodes < 10 ||
      s.options < 0 || s.options > 9 || (s.menus > 0 && s.options == 0)) {
    return Usage();
  }
  const std::string ext = s.format == "ivrflow" ? ".ivrflow" : ".vxml";
  auto write = [&](long flow, long flows, std::ostream& out) {
    Random rng(s.seed * 1000003u + static_cast<std::uint64_t>(flow));
    std::vector<Menu> menus = Plan(s, rng, flow, flows);
    if (s.format == "ivrflow") {
      WriteIvrflow(menus, flow, out);
    } else {
      WriteVoicexml(menus, flow, out);
    }
  };
  if (s.files > 0) {
    if (s.out.empty()) return Usage();
    std::filesystem::create_directories(s.out);
    for (long f = 0; f < s.files; ++f) {
      std::ofstream out(s.out + "/flow-" + std::to_string(f) + ext);
      write(f, s.files, out);
    }
    return 0;
  }
  if (!s.out.empty()) {
    std::ofstream out(s.out);
    write(0, 1, out);
    return out ? 0 : 1;
  }
  write(0, 1, std::cout);
  return 0;
}
