; Inno Setup script: the Windows installer for Zhangfang 账房.
; Built by installers/windows/build.ps1 (which passes /DAppVersion and the bundle's folder);
; written for Inno Setup 6 but not run on this project's Linux machines: check it on Windows.
;
; Installs the PyInstaller bundle (dist\zhangfang) per user (no administrator needed), with
; Start-menu and optional desktop shortcuts and the .zhangfang file type. The user's ledgers
; and backups live in %LOCALAPPDATA%\Zhangfang (desktop/paths.py), never in {app}: the
; uninstaller leaves them unless the user ticks "also delete my ledgers and backups".

#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#ifndef BundleDir
  #define BundleDir "..\..\build\windows\dist\zhangfang"
#endif

[Setup]
AppId={{6C1B7E0A-3F2D-4C5B-9B7E-2A1D0E5F7A11}
AppName=账房 Zhangfang
AppVersion={#AppVersion}
AppPublisher=Zhangfang
DefaultDirName={localappdata}\Programs\Zhangfang
DefaultGroupName=账房 Zhangfang
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
OutputDir=..\..\build\windows
OutputBaseFilename=Zhangfang-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\zhangfang.ico
UninstallDisplayIcon={app}\zhangfang.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesAssociations=yes
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible

[Languages]
Name: "chinesesimplified"; MessagesFile: "compiler:Languages\ChineseSimplified.isl"
Name: "english"; MessagesFile: "compiler:Default.isl"

[CustomMessages]
chinesesimplified.DesktopIcon=在桌面创建快捷方式
english.DesktopIcon=Create a desktop shortcut
chinesesimplified.DeleteData=同时删除我的账本和备份（%LOCALAPPDATA%\Zhangfang）？%n%n选“否”会保留它们，重新安装后可继续使用。
english.DeleteData=Also delete your ledgers and backups (%LOCALAPPDATA%\Zhangfang)?%n%nChoose No to keep them for a later installation.

[Tasks]
Name: "desktopicon"; Description: "{cm:DesktopIcon}"

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\账房 Zhangfang"; Filename: "{app}\zhangfang.exe"; Parameters: "app"
Name: "{group}\{cm:UninstallProgram,账房 Zhangfang}"; Filename: "{uninstallexe}"
Name: "{userdesktop}\账房 Zhangfang"; Filename: "{app}\zhangfang.exe"; Parameters: "app"; Tasks: desktopicon

[Registry]
; double-clicking a .zhangfang ledger opens it in the window
Root: HKA; Subkey: "Software\Classes\.zhangfang"; ValueType: string; ValueName: ""; ValueData: "Zhangfang.Ledger"; Flags: uninsdeletevalue
Root: HKA; Subkey: "Software\Classes\Zhangfang.Ledger"; ValueType: string; ValueName: ""; ValueData: "账房账本 Zhangfang ledger"; Flags: uninsdeletekey
Root: HKA; Subkey: "Software\Classes\Zhangfang.Ledger\DefaultIcon"; ValueType: string; ValueName: ""; ValueData: "{app}\zhangfang.exe,0"
Root: HKA; Subkey: "Software\Classes\Zhangfang.Ledger\shell\open\command"; ValueType: string; ValueName: ""; ValueData: """{app}\zhangfang.exe"" app ""%1"""

[Run]
Filename: "{app}\zhangfang.exe"; Parameters: "app"; Description: "{cm:LaunchProgram,账房 Zhangfang}"; Flags: nowait postinstall skipifsilent

[Code]
{ Only when the user says so, and never in a silent uninstall: remove the data folder. }
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  DataDir: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    DataDir := ExpandConstant('{localappdata}\Zhangfang');
    if DirExists(DataDir) and not UninstallSilent then
      if MsgBox(CustomMessage('DeleteData'), mbConfirmation, MB_YESNO or MB_DEFBUTTON2) = IDYES then
        DelTree(DataDir, True, True, True);
  end;
end;
