// MPI collectives for ecozone-mpi (rank, reductions, broadcast, gather) and PETSc start-up.
#define _GNU_SOURCE   // sched_getaffinity, CPU_COUNT
#include <sched.h>

#include "ecozone_mpi.h"
#include "internal.h"

#include <petsc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char last_error[1024] = "";

void ezmpi_set_error(const char *message) {
    snprintf(last_error, sizeof last_error, "%s", message);
}

int ezmpi_petsc_error(int code) {
    const char *text = NULL;
    PetscErrorMessage((PetscErrorCode)code, &text, NULL);
    snprintf(last_error, sizeof last_error, "PETSc error %d: %s", code, text ? text : "(no message)");
    return code;
}

const char *ezmpi_last_error(void) { return last_error; }

int ezmpi_initialize(void) {
    PetscErrorCode code = PetscInitializeNoArguments();
    if (code) { snprintf(last_error, sizeof last_error, "PetscInitialize failed with %d", (int)code); return (int)code; }
    // Errors come back to the caller (which names the step and exits 2) instead of a PETSc traceback.
    PetscPushErrorHandler(PetscReturnErrorHandler, NULL);
    return 0;
}

int ezmpi_finalize(void) { return (int)PetscFinalize(); }

int ezmpi_rank(void) { int r = 0; MPI_Comm_rank(MPI_COMM_WORLD, &r); return r; }
int ezmpi_size(void) { int s = 1; MPI_Comm_size(MPI_COMM_WORLD, &s); return s; }

int ezmpi_node_size(void) {
    MPI_Comm node;
    if (MPI_Comm_split_type(MPI_COMM_WORLD, MPI_COMM_TYPE_SHARED, 0, MPI_INFO_NULL, &node) != MPI_SUCCESS) return 1;
    int s = 1;
    MPI_Comm_size(node, &s);
    MPI_Comm_free(&node);
    return s;
}

int ezmpi_bound_cpus(void) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return 0;
    return CPU_COUNT(&set);
}

int ezmpi_barrier(void) { return MPI_Barrier(MPI_COMM_WORLD); }

double ezmpi_allreduce_double(double value, int op) {
    double out = value;
    MPI_Op o = op == 1 ? MPI_MAX : op == 2 ? MPI_MIN : MPI_SUM;
    MPI_Allreduce(&value, &out, 1, MPI_DOUBLE, o, MPI_COMM_WORLD);
    return out;
}

int64_t ezmpi_allreduce_max_int64(int64_t value) {
    int64_t out = value;
    MPI_Allreduce(&value, &out, 1, MPI_INT64_T, MPI_MAX, MPI_COMM_WORLD);
    return out;
}

// MPI counts are int: large buffers go in chunks of at most 1 GiB.
#define EZ_CHUNK ((int64_t)1 << 30)

int ezmpi_broadcast(void *bytes, int64_t count) {
    char *p = bytes;
    for (int64_t done = 0; done < count; done += EZ_CHUNK) {
        int n = (int)(count - done < EZ_CHUNK ? count - done : EZ_CHUNK);
        int rc = MPI_Bcast(p + done, n, MPI_BYTE, 0, MPI_COMM_WORLD);
        if (rc != MPI_SUCCESS) { ezmpi_set_error("MPI_Bcast failed"); return rc; }
    }
    return 0;
}

int ezmpi_gather(const void *bytes, int64_t count, void **gathered, int64_t *counts) {
    int rank = ezmpi_rank(), size = ezmpi_size();
    int64_t *all = rank == 0 ? malloc(sizeof(int64_t) * (size_t)size) : NULL;
    int rc = MPI_Gather(&count, 1, MPI_INT64_T, all, 1, MPI_INT64_T, 0, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) { free(all); ezmpi_set_error("MPI_Gather of the byte counts failed"); return rc; }
    // Point to point from each rank to 0, in chunks, so no count exceeds an int.
    char *out = NULL;
    if (rank == 0) {
        int64_t total = 0;
        for (int r = 0; r < size; r++) { counts[r] = all[r]; total += all[r]; }
        out = malloc(total > 0 ? (size_t)total : 1);
        if (!out) { free(all); ezmpi_set_error("out of memory gathering the ranks' results"); return -1; }
        memcpy(out, bytes, (size_t)count);
        int64_t offset = count;
        for (int r = 1; r < size; r++) {
            for (int64_t done = 0; done < all[r]; done += EZ_CHUNK) {
                int n = (int)(all[r] - done < EZ_CHUNK ? all[r] - done : EZ_CHUNK);
                rc = MPI_Recv(out + offset + done, n, MPI_BYTE, r, 77, MPI_COMM_WORLD, MPI_STATUS_IGNORE);
                if (rc != MPI_SUCCESS) { free(all); free(out); ezmpi_set_error("MPI_Recv failed"); return rc; }
            }
            offset += all[r];
        }
        *gathered = out;
    } else {
        const char *p = bytes;
        for (int64_t done = 0; done < count; done += EZ_CHUNK) {
            int n = (int)(count - done < EZ_CHUNK ? count - done : EZ_CHUNK);
            rc = MPI_Send(p + done, n, MPI_BYTE, 0, 77, MPI_COMM_WORLD);
            if (rc != MPI_SUCCESS) { ezmpi_set_error("MPI_Send failed"); return rc; }
        }
    }
    free(all);
    return 0;
}

void ezmpi_free(void *pointer) { free(pointer); }

int ezmpi_exchange(const void *send, const int64_t *send_counts, void **received, int64_t *recv_counts) {
    int rank = ezmpi_rank(), size = ezmpi_size();
    int rc = MPI_Alltoall(send_counts, 1, MPI_INT64_T, recv_counts, 1, MPI_INT64_T, MPI_COMM_WORLD);
    if (rc != MPI_SUCCESS) { ezmpi_set_error("MPI_Alltoall of the byte counts failed"); return rc; }
    int64_t total = 0, messages = 0;
    for (int r = 0; r < size; r++) {
        total += recv_counts[r];
        messages += (recv_counts[r] + EZ_CHUNK - 1) / EZ_CHUNK + (send_counts[r] + EZ_CHUNK - 1) / EZ_CHUNK;
    }
    char *out = malloc(total > 0 ? (size_t)total : 1);
    MPI_Request *requests = malloc(sizeof(MPI_Request) * (size_t)(messages > 0 ? messages : 1));
    if (!out || !requests) { free(out); free(requests); ezmpi_set_error("out of memory exchanging results between ranks"); return -1; }
    int n = 0;
    const char *in = send;
    int64_t offset = 0;
    for (int r = 0; r < size; r++) {   // receives first, so every send finds its buffer
        for (int64_t done = 0; done < recv_counts[r]; done += EZ_CHUNK) {
            int c = (int)(recv_counts[r] - done < EZ_CHUNK ? recv_counts[r] - done : EZ_CHUNK);
            rc = MPI_Irecv(out + offset + done, c, MPI_BYTE, r, 78, MPI_COMM_WORLD, &requests[n++]);
            if (rc != MPI_SUCCESS) { free(out); free(requests); ezmpi_set_error("MPI_Irecv failed"); return rc; }
        }
        offset += recv_counts[r];
    }
    offset = 0;
    for (int r = 0; r < size; r++) {
        // Chunks of one pair of ranks arrive in the order sent (MPI's non-overtaking rule).
        for (int64_t done = 0; done < send_counts[r]; done += EZ_CHUNK) {
            int c = (int)(send_counts[r] - done < EZ_CHUNK ? send_counts[r] - done : EZ_CHUNK);
            rc = MPI_Isend(in + offset + done, c, MPI_BYTE, r, 78, MPI_COMM_WORLD, &requests[n++]);
            if (rc != MPI_SUCCESS) { free(out); free(requests); ezmpi_set_error("MPI_Isend failed"); return rc; }
        }
        offset += send_counts[r];
    }
    rc = MPI_Waitall(n, requests, MPI_STATUSES_IGNORE);
    free(requests);
    if (rc != MPI_SUCCESS) { free(out); ezmpi_set_error("MPI_Waitall failed exchanging results"); return rc; }
    (void)rank;
    *received = out;
    return 0;
}

void ezmpi_abort(int code) { MPI_Abort(MPI_COMM_WORLD, code); }
