import Foundation

// incidents-fuzz TARGET [libFuzzer options and corpus folders]
//
// Built by scripts/fuzz.sh with AddressSanitizer, libFuzzer's coverage (inline 8-bit counters,
// comparison tracing) and -D FUZZING, the program hands TARGET's check to libFuzzer's driver.
// Built plainly (as `swift build` does), it is a reproducer: it runs TARGET's check once on each
// file it is given and says "ok" for each, so a crash input can be replayed under a debugger:
//   swift run incidents-fuzz coordinates Fuzz/crashes/coordinates-crash-…

let arguments = CommandLine.arguments
guard arguments.count >= 2, let target = FuzzTargets.named(arguments[1]) else {
    let names = FuzzTargets.all.map(\.name).joined(separator: ", ")
    FileHandle.standardError.write(Data("usage: incidents-fuzz TARGET [libFuzzer options | files]\nTARGET: one of \(names)\n".utf8))
    exit(64)
}
FuzzTargets.selected = target
target.prepare()

#if FUZZING
/// libFuzzer's driver, from the `fuzzer_no_main` runtime (SwiftPM names an executable's entry
/// point after its module, so libFuzzer's own `main` cannot be the program's).
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(_ argc: UnsafeMutablePointer<CInt>,
                         _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
                         _ test: @convention(c) (UnsafePointer<UInt8>?, Int) -> CInt) -> CInt

// The driver sees the program name and the options, not the target's name.
var driverArguments: [UnsafeMutablePointer<CChar>?] = ([arguments[0]] + arguments.dropFirst(2)).map { strdup($0) } + [nil]
var driverCount = CInt(arguments.count - 1)
exit(driverArguments.withUnsafeMutableBufferPointer { buffer in
    var pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? = buffer.baseAddress
    return LLVMFuzzerRunDriver(&driverCount, &pointer) { data, size in
        FuzzTargets.selected.check(UnsafeRawBufferPointer(start: data, count: size))
        return 0
    }
})
#else
for path in arguments.dropFirst(2) {
    guard let data = FileManager.default.contents(atPath: path) else {
        FileHandle.standardError.write(Data("incidents-fuzz: cannot read \(path)\n".utf8))
        exit(66)
    }
    data.withUnsafeBytes { target.check($0) }
    print("ok \(path)")
}
#endif
