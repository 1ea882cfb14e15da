/* A XenStore flood from a PV test kernel (xs_flood.c). */
#ifndef PVK_XS_FLOOD_H
#define PVK_XS_FLOOD_H

struct start_info;

/* Writes data/flood/<n> until xenstored refuses; prints the outcome. */
void xs_flood(const struct start_info *si);

#endif
