/** Jest's runtime, reading each installed module once per worker (see runtime.js); what its tests call. */
export default class KustomerRuntime {
	readFile(filename: string): string;
	transformFile(filename: string, options?: object): string;
	_shouldMockCjs(from: string, moduleName: string, explicitShouldMock: Map<string, boolean>): boolean;
	_fileTransforms: Map<string, unknown>;
}
