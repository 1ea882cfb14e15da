/*
 * xsclient: a tiny XenStore client for the demo guests' initramfs, over
 * Linux's /dev/xen/xenbus (the guest's own ring, through its kernel).
 *
 *   xsclient read <path>          print the value
 *   xsclient write <path> <value>
 *
 * Relative paths are under the guest's /local/domain/<id>.  An error
 * reply is printed as "xsclient: <ERRNO-NAME>" and exits 1.
 */
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <xen/io/xs_wire.h>

static int transact(int fd, uint32_t type, const char *payload, uint32_t len)
{
	static char reply[XENSTORE_PAYLOAD_MAX + 1];
	struct xsd_sockmsg msg = { .type = type, .req_id = 1, .len = len };
	ssize_t n;

	if (write(fd, &msg, sizeof(msg)) != sizeof(msg) ||
	    write(fd, payload, len) != (ssize_t)len ||
	    read(fd, &msg, sizeof(msg)) != sizeof(msg) ||
	    msg.len > XENSTORE_PAYLOAD_MAX ||
	    (n = read(fd, reply, msg.len)) != (ssize_t)msg.len) {
		perror("xsclient: /dev/xen/xenbus");
		return 1;
	}
	reply[n] = '\0';
	if (msg.type == XS_ERROR) {
		printf("xsclient: %s\n", reply);
		return 1;
	}
	if (type == XS_READ)
		printf("%s\n", reply);
	return 0;
}

int main(int argc, char **argv)
{
	static char payload[XENSTORE_PAYLOAD_MAX];
	int fd = open("/dev/xen/xenbus", O_RDWR);
	size_t plen;

	if (fd < 0) {
		perror("xsclient: /dev/xen/xenbus");
		return 1;
	}
	if (argc == 3 && !strcmp(argv[1], "read"))
		return transact(fd, XS_READ, argv[2], strlen(argv[2]) + 1);
	if (argc == 4 && !strcmp(argv[1], "write") &&
	    (plen = strlen(argv[2]) + 1) + strlen(argv[3]) <= sizeof(payload)) {
		memcpy(payload, argv[2], plen);
		memcpy(payload + plen, argv[3], strlen(argv[3]));
		return transact(fd, XS_WRITE, payload,
				plen + strlen(argv[3]));
	}
	fprintf(stderr, "usage: xsclient read <path> | write <path> <value>\n");
	return 2;
}
