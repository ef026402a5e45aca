# MinerKit's servers as containers. One build stage, three images:
#   docker build -t minerkit-inference .                         # the miner inference server (port 8000, the default target)
#   docker build --target coordinator -t minerkit-coordinator .  # the coordinator (port 8001)
#   docker build --target pool -t minerkit-pool .                # the pool (port 8434)
# Each runs as a non-root user and keeps nothing outside /var/lib/minerkit, so it runs with a read-only
# root filesystem (docker run --read-only -v minerkit-data:/var/lib/minerkit ...). No container engine
# runs where MinerKit is developed: scripts/check-containers.sh checks what can be checked without one.

# --- build: the official Swift image, a static Swift runtime, release mode ---
FROM swift:6.3-bookworm AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsodium-dev libopenblas-dev libsqlite3-dev pkg-config \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# Package.swift first, so the dependency checkout is cached while only sources change.
COPY Package.swift ./
RUN swift package resolve
COPY . .
RUN swift build -c release --static-swift-stdlib --product minerkit \
 && install -D "$(swift build -c release --show-bin-path)/minerkit" /out/minerkit

# --- runtime: Debian with the three C libraries, a user of its own, a data folder ---
FROM debian:bookworm-slim AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libsodium23 libopenblas0-pthread libsqlite3-0 curl ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --system --uid 10001 --user-group --home-dir /var/lib/minerkit --shell /usr/sbin/nologin minerkit \
 && install -d -o minerkit -g minerkit -m 0700 /var/lib/minerkit
COPY --from=build /out/minerkit /usr/local/bin/minerkit
# OpenBLAS starts its own threads otherwise (Docs/Audio.md); logs as JSON lines for a collector.
ENV OPENBLAS_NUM_THREADS=1 \
    MINERKIT_LOG_FORMAT=json
WORKDIR /var/lib/minerkit
VOLUME ["/var/lib/minerkit"]
USER 10001:10001

# --- the coordinator: SQLite, its receipt key and the default client key in the data folder ---
FROM runtime AS coordinator
EXPOSE 8001
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["curl", "-fsS", "http://127.0.0.1:8001/health"]
ENTRYPOINT ["minerkit", "coordinator", "serve", "--host", "0.0.0.0", "--port", "8001"]
CMD ["--database", "/var/lib/minerkit/coordinator.sqlite"]

# --- the pool ---
FROM runtime AS pool
EXPOSE 8434
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["curl", "-fsS", "http://127.0.0.1:8434/health"]
ENTRYPOINT ["minerkit", "pool", "serve", "--host", "0.0.0.0", "--port", "8434"]
CMD ["--database", "/var/lib/minerkit/pool.sqlite"]

# --- the miner inference server (shared/specs/miner-inference-api.md): the model baked in, read-only ---
FROM runtime AS inference
COPY --chown=root:root --chmod=0755 Models/speech-enhancer /opt/minerkit/model
EXPOSE 8000
# It listens at once and loads the model in well under a second; the spec allows 60 s.
HEALTHCHECK --interval=15s --timeout=3s --start-period=60s --retries=3 \
  CMD ["curl", "-fsS", "http://127.0.0.1:8000/api/v1/health"]
ENTRYPOINT ["minerkit", "inference", "serve", "--host", "0.0.0.0", "--port", "8000"]
CMD ["--model", "/opt/minerkit/model"]
