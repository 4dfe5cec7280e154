// swift-tools-version:6.0
import PackageDescription

// ecozone-mpi: EcoZone's distributed subcommands on MPI and PETSc (issue 20). A package of its own so the
// root package (ecozone) keeps its light dependencies; it uses the root's EcoZone library by path.
// Needs Open MPI (libopenmpi-dev, pkg-config ompi-c) and Debian's 64-bit-index PETSc with hypre
// (libpetsc64-real-dev, pkg-config petsc64). MPI and PETSc macros stay in the C target CEcoZoneMPI, whose
// header exposes plain C functions and types only.
let package = Package(
    name: "EcoZoneMPI",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "ecozone-mpi", targets: ["ecozone-mpi"]),
    ],
    dependencies: [
        .package(name: "EcoZone", path: ".."),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
    ],
    targets: [
        .systemLibrary(name: "CMPI", pkgConfig: "ompi-c", providers: [.apt(["libopenmpi-dev"])]),
        .systemLibrary(name: "CPETSc", pkgConfig: "petsc64", providers: [.apt(["libpetsc64-real-dev"])]),
        .target(name: "CEcoZoneMPI", dependencies: ["CMPI", "CPETSc"]),
        .target(name: "EcoZoneMPI", dependencies: ["CEcoZoneMPI", .product(name: "EcoZone", package: "EcoZone")]),
        .executableTarget(
            name: "ecozone-mpi",
            dependencies: ["EcoZoneMPI", .product(name: "EcoZone", package: "EcoZone"),
                           .product(name: "GeoKit", package: "EcoZone"),
                           .product(name: "ArgumentParser", package: "swift-argument-parser")]
        ),
        .testTarget(name: "EcoZoneMPITests", dependencies: ["EcoZoneMPI", .product(name: "EcoZone", package: "EcoZone"),
                                                            .product(name: "GeoKit", package: "EcoZone")]),
    ]
)
