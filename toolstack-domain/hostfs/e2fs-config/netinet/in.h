/* See arpa/inet.h: e2fsprogs includes both for the byte-order functions. */
#include <arpa/inet.h>
