// Option parsing and output shared by the commands that read flows.
#include "cli/command_support.hpp"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <thread>

namespace ivrscope {

namespace po = boost::program_options;

po::variables_map ParseWithPaths(const Args& args,
                                 const po::options_description& desc,
                                 std::vector<std::string>* paths) {
  po::options_description hidden;
  hidden.add_options()("paths", po::value(paths));
  po::options_description all;
  all.add(desc).add(hidden);
  po::positional_options_description positional;
  positional.add("paths", -1);
  po::variables_map vm;
  po::store(
      po::command_line_parser(args).options(all).positional(positional).run(),
      vm);
  return vm;
}

void AddThresholdOptions(po::options_description* desc,
                         AnalysisOptions* analysis) {
  desc->add_options()
      ("max-entries", po::value(&analysis->max_entries)
           ->default_value(analysis->max_entries),
       "most entries a caller may need to reach a human")
      ("max-transfers", po::value(&analysis->max_transfers)
           ->default_value(analysis->max_transfers),
       "most transfers on one route")
      ("max-options", po::value(&analysis->max_options)
           ->default_value(analysis->max_options),
       "most choices in one menu, not counting 0, * and #");
}

bool OutputSink::Open(const std::string& path, std::ostream& standard_output,
                      std::string* error) {
  if (IsStandardOutput(path)) {
    stream_ = &standard_output;
    return true;
  }
  file_.open(path, std::ios::binary);
  if (!file_) {
    *error = "cannot write --output '" + path + "'";
    return false;
  }
  stream_ = &file_;
  return true;
}

bool IsStandardOutput(const std::string& output) {
  return output.empty() || output == "-";
}

bool OutputIsInput(const std::string& output,
                   const std::vector<std::string>& paths,
                   const std::vector<std::string>& files, std::ostream& err) {
  if (IsStandardOutput(output)) return false;
  std::error_code ec;
  if (!std::filesystem::exists(output, ec)) return false;
  for (const std::vector<std::string>* list : {&paths, &files}) {
    for (const std::string& input : *list) {
      if (std::filesystem::equivalent(output, input, ec) && !ec) {
        err << "ivrscope: --output '" << output
            << "' is an input: not overwritten\n";
        return true;
      }
    }
  }
  return false;
}

bool OutputSink::Finish(std::ostream& err) {
  stream_->flush();
  if (*stream_) return true;
  err << "ivrscope: cannot write the output\n";
  return false;
}

int ResolveJobs(int jobs) {
  return jobs > 0
             ? jobs
             : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

}  // namespace ivrscope
