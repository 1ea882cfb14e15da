/* The byte-order functions e2fsprogs' journal code takes from here (until
 * lwIP's socket headers provide them to the whole toolstack domain). */
#ifndef E2FS_CONFIG_ARPA_INET_H
#define E2FS_CONFIG_ARPA_INET_H

#include <stdint.h>

static inline uint32_t htonl(uint32_t v) { return __builtin_bswap32(v); }
static inline uint32_t ntohl(uint32_t v) { return __builtin_bswap32(v); }
static inline uint16_t htons(uint16_t v) { return __builtin_bswap16(v); }
static inline uint16_t ntohs(uint16_t v) { return __builtin_bswap16(v); }

#endif
