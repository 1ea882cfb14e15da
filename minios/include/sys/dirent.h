/*
 * Directory entries for newlib's <dirent.h>, which leaves this header to
 * the system.  The toolstack domain's host filesystem serves them
 * (opendir and readdir are its to define); MiniOS has no directories.
 */
#ifndef MINIOS_SYS_DIRENT_H
#define MINIOS_SYS_DIRENT_H

#include <sys/types.h>

#define NAME_MAX 255

struct dirent {
	ino_t d_ino;
	unsigned char d_type;
	char d_name[NAME_MAX + 1];
};

typedef struct minios_dir DIR;

#endif
