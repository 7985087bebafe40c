#include "collector/run.hpp"

int main(int argc, char** argv) { return collector::run(argc, argv); }
