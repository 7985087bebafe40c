#include "biunzip/run.hpp"

int main(int argc, char** argv) {
  return biunzip::run(argc, argv);
}
