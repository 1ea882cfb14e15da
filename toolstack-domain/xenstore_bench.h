/* xenstore-bench: the running xenstored's requests per second. */
#ifndef TOOLSTACK_XENSTORE_BENCH_H
#define TOOLSTACK_XENSTORE_BENCH_H

int cmd_xenstore_bench(int argc, char **argv);

#endif
