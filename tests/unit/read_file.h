/*
 * Reading a test input the build made (a kernel, an archive, a config)
 * whole into memory.  Such a file missing is a broken build, not a test
 * failure: say which and exit 2.
 */
#ifndef TESTS_UNIT_READ_FILE_H
#define TESTS_UNIT_READ_FILE_H

#include <stdio.h>
#include <stdlib.h>

/* The file's bytes, NUL-terminated (text can be used as a string);
 * *len excludes the NUL.  free() it. */
static inline void *read_whole_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *data = NULL;
	long size;

	if (!f || fseek(f, 0, SEEK_END) || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) || !(data = malloc((size_t)size + 1)) ||
	    fread(data, 1, (size_t)size, f) != (size_t)size) {
		perror(path);
		exit(2);
	}
	fclose(f);
	data[size] = '\0';
	*len = (size_t)size;
	return data;
}

#endif
