#include <stdlib.h>
#include <string.h>
/* Writes one byte in each of 48 pages, then reads them back with a stride: a tiny, page-spanning trace. */
static char buf[48 * 4096];
int main(void) {
  for (int i = 0; i < 48; i++) buf[i * 4096] = (char) i;
  int sum = 0;
  for (int i = 0; i < 48; i += 3) sum += buf[i * 4096 + 7];
  return sum == 12345;
}
