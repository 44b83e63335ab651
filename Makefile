# The README's two commands are `make run` and `make test`; the rest are the small steps they use.
.PHONY: run test build deps bench migrate clean

run: deps
	PATH="/opt/swift/usr/bin:$$PATH" swift build -c release --product draizer
	.build/release/draizer serve

test:
	scripts/test

deps:
	scripts/install-deps

build: deps
	swift build

migrate: build
	.build/debug/draizer migrate --yes

bench:
	scripts/bench

clean:
	rm -rf .build web/dist
