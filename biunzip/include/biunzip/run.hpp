#pragma once
// biunzip's command line, callable in-process (tests) as well as from main().

namespace biunzip {

int run(int argc, char** argv);

}  // namespace biunzip
